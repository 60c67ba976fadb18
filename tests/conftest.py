"""Suite-wide test settings."""

from hypothesis import HealthCheck, settings

# No timed assertions in tests (speed is measured by benchmarks/): hypothesis's
# per-example deadline would fail a property on a busy machine, not on a bug.
settings.register_profile("powermap", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("powermap")
