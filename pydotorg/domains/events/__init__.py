"""Events: the community calendar with recurring events."""
