from tests.accounts.mailserver import smtp_server

__all__ = ["smtp_server"]
