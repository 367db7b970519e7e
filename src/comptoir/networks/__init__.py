"""Connectors to social networks: one package per network over a shared framework.

``base`` holds the capability interfaces, ``limits`` the declared limits and how text is
counted, ``errors`` the error kinds, ``http`` the shared HTTP layer and ``registry`` the
list of networks. See docs/adding-a-connector.md.
"""
