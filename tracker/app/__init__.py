"""The use cases: what a person or a script can ask of the tracker, over one wired ``App``.

Commands (``tracker.app.commands``) change the log; queries
(``tracker.app.queries``) answer from the log or its read models, choosing
the cheaper source and bringing read models up to date themselves. The CLI
and the viewer parse input, call one use case and render what it returns.
"""
