"""Shared by the list page tests: every facet option, clicked, gives the rows it promised."""


def assert_every_option_gives_its_count(client, url: str, params: dict | None = None) -> int:
    """Request ``url`` with ``params``, then each option of each facet not in ``params`` added to them; each
    answer must be a page whose total equals the option's count (counted under the other filters).
    Returns how many options were clicked."""
    params = params or {}
    response = client.get(url, params)
    assert response.status_code == 200
    clicked = 0
    for facet in response.context["filter"].facets:
        if facet.name in params:  # another value of it would OR with the one given
            continue
        for option in facet.options:
            answer = client.get(url, {**params, facet.name: option.value})
            assert answer.status_code == 200, (facet.name, option.value)
            assert answer.context["page_obj"].paginator.count == option.count, (facet.name, option.value)
            clicked += 1
    return clicked
