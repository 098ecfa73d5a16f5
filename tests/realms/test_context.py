from aether_kit.multitenancy import ALL_REALMS, get_current_realm, realm_scope


def test_realm_scope_sets_the_realm_for_the_block_only():
    with realm_scope("a"):
        inside = get_current_realm()

    assert (inside, get_current_realm()) == ("a", None)


def test_realm_scope_restores_the_outer_realm_after_an_exception():
    with realm_scope("a"):
        try:
            with realm_scope(ALL_REALMS):
                raise ValueError("boom")
        except ValueError:
            pass
        assert get_current_realm() == "a"
