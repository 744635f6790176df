"""What the import tests compare before and after a run: row counts of every imported table."""

from enterprises.models import Enterprise
from policies.models import Measure, PolicyDocument
from zones.models import Industry, Prefecture, Province, Source, Zone, ZoneStatistic

MODELS = (Source, Province, Prefecture, Industry, Zone, ZoneStatistic, Enterprise, PolicyDocument, Measure)


def db_state() -> dict:
    """Row counts of every imported model and M2M table, to prove a rejected file wrote nothing."""
    state = {model.__name__: model.objects.count() for model in MODELS}
    state["enterprise_industries"] = Enterprise.industries.through.objects.count()
    state["zone_industries"] = Zone.industries.through.objects.count()
    state["histories"] = Enterprise.history.count() + Zone.history.count() + ZoneStatistic.history.count()
    return state
