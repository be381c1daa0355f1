"""Pure rules of the programme (money, schedules, evaluation) over plain data: no database, no Qt."""
