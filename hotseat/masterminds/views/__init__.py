"""The masterminds app's pages: the board (board.py) and what is done on it (seats.py), manage, next steps, sheet."""
