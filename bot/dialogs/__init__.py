"""What reads and checks counsellors' dialogs: model, loader, validator, scenarios, graph, corpus, codec."""
