"""How an import row's zone link is settled: stated, derived from the address, or left as staff decided.

Rules, in order (the issue's "a link entered by staff or an import always wins over a derived one"):
1. A row with a zone code states the link: it is stored with basis "source" and no address evidence.
2. A row without a zone code never erases a link entered by staff or stated by a source.
3. A staff decision on a proposal (confirmed or rejected) stands as long as the address still names the same
   zone, so reloading the bundled data keeps every decision.
4. Otherwise the address decides, through `zones.address_matching`: a confident match is linked with its
   evidence (method, matched text; the address, its source and vintage are on the row); a less confident one
   is proposed and waits in the review queue; no match clears a link the address made before.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Q

from zones.address_matching import matcher_from_database

from .models import Enterprise


class LinkState(NamedTuple):
    """What settle() needs of a stored enterprise's link: a tuple, not a dict, because an import keeps
    one for every linked enterprise (88,000 at 100,000 rows: ~40 MB as dicts)."""

    zone_id: int | None = None
    zone_basis: str = ""
    zone_review: str = ""
    proposed_zone_id: int | None = None


UNLINKED = LinkState()
ADDRESS = Enterprise.ZoneBasis.ADDRESS
STATED = {Enterprise.ZoneBasis.SOURCE, Enterprise.ZoneBasis.STAFF}
DECIDED = {Enterprise.ZoneReview.CONFIRMED, Enterprise.ZoneReview.REJECTED}


class ZoneLinker:
    """Per import run: the matcher and each existing enterprise's link state, loaded when first needed."""

    # The columns a link is stored in (what settle_stated() compares and may set).
    EVIDENCE = (
        "zone_id",
        "zone_basis",
        "zone_method",
        "zone_matched_text",
        "zone_review",
        "proposed_zone_id",
    )

    def __init__(self, zones, provinces):
        self.zones = zones  # the spec's ZoneLookup (zone code → pk)
        self.provinces = provinces  # the spec's ProvinceLookup (pk → code)
        self._matcher = None
        self._state = None

    @property
    def matcher(self):
        if self._matcher is None:
            self._matcher = matcher_from_database()
        return self._matcher

    def state(self, pk) -> LinkState:
        if pk is None:
            return UNLINKED
        if self._state is None:
            linked = Q(zone__isnull=False) | ~Q(zone_basis="") | ~Q(zone_review="")
            rows = Enterprise.objects.filter(linked).values_list("pk", *LinkState._fields)
            self._state = {pk: LinkState(*rest) for pk, *rest in rows.iterator(chunk_size=10000)}
        return self._state.get(pk, UNLINKED)

    def settle(self, record, row) -> None:
        """Rules 2-4, as each row is read. Rule 1 waits for the chunk's stored rows (settle_stated), so
        that an import of rows that all state their zone never loads every enterprise's link state."""
        values = record.values
        if values.get("zone_id") is not None:
            return
        values.pop("zone_id", None)  # rule 2: an empty cell is no statement
        address = values.get("registered_address")
        if address is None:  # no address column: the stored link stays as it is
            return
        state = self.state(record.pk)
        if state.zone_basis in STATED or (state.zone_id and not state.zone_basis):
            return  # stated by staff or a source (a link older than zone_basis counts as stated)
        found = self.matcher.match(address, province=self.province_code(values)) if address else None
        zone_pk = self.zones.by_code.get(found.zone_code) if found else None
        if state.zone_review in DECIDED and state.proposed_zone_id == zone_pk:
            return  # rule 3
        if zone_pk is None:
            if state.zone_basis == ADDRESS or state.zone_review:
                values.update(zone_id=None, zone_basis="", zone_method="", zone_matched_text="")
                values.update(zone_review="", proposed_zone_id=None)
            return
        evidence = {"zone_method": found.method, "zone_matched_text": found.matched_text[:100]}
        if found.confident:
            values.update(zone_id=zone_pk, zone_basis=ADDRESS, zone_review="", proposed_zone_id=None)
        else:
            values.update(zone_id=None, zone_basis="", zone_review=Enterprise.ZoneReview.PENDING)
            values["proposed_zone_id"] = zone_pk
        values.update(evidence)
        record.extra = {**(record.extra or {}), "_proposed": found}

    @staticmethod
    def settle_stated(records, stored) -> None:
        """Rule 1 for a chunk (`stored`: the engine's rows as the database holds them): a zone stated in
        the file is stored with basis "source" and without address evidence, unless it is already the
        stored zone with a basis other than the address (a staff link to the same zone stays staff's)."""
        for record in records:
            values = record.values
            if values.get("zone_id") is None or "zone_basis" in values:
                continue  # no zone, or one settle() derived from the address
            old = stored.rows.get(record.pk) if record.pk is not None else None
            if old is None or old["zone_id"] != values["zone_id"] or old["zone_basis"] == ADDRESS:
                values.update(zone_basis=Enterprise.ZoneBasis.SOURCE, zone_method="", zone_matched_text="")
                values.update(zone_review="", proposed_zone_id=None)

    @staticmethod
    def preview(found) -> dict:
        """{column: (old, new)} for a dry run: the zone an address names, how, and whether it waits."""
        if found is None:
            return {}
        how = f"{found.zone_code} {found.zone_name} ({found.method}: “{found.matched_text}”)"
        column = "zone_code (from address)" if found.confident else "proposed zone (from address, to review)"
        return {column: ("", how)}

    def province_code(self, values) -> str:
        pk = values.get("province_id")
        return self.provinces.codes.get(pk, "") if pk else ""
