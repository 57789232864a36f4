"""The board as a spreadsheet: read and check an organizer's CSV, plan it, import it, export the board.

A sponsor who ran masterminds from a shared sheet brings it in once. The export has the
same shape, so exporting a board and importing it into an empty cohort of the same
program gives the same groups (numbers, titles, leaders, members) and the same waitlist.

`reading` turns the file into rows (and every problem of the file itself), `planning` checks
them against the board (a dry run, no writes), `importing` is the action that writes the plan,
`export` writes the board back out.
"""
