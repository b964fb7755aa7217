"""Python helpers of Carnets (notebook runner, used by ./carnets)."""
