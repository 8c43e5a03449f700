"""Class rosters as spreadsheets: read (xlsx, csv), check row by row, plan, write.

Nothing here writes to the database: `families.services.roster_apply` does, from a plan.
"""
