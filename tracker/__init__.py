"""deal-tracker: follow a business deal as the news reports it, at any date, on two time axes."""
