"""The pure domain: events, values and the fold. Imports nothing from storage or the screen."""
