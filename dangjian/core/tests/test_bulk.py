"""core.bulk: the cycle collector pause of bulk jobs."""

import gc

import pytest

from dangjian.core import bulk


def test_the_collector_is_paused_inside_and_resumes_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.gc_paused():
        assert not gc.isenabled()
        with bulk.gc_paused():  # nested: the outer pause decides when it resumes
            pass
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
