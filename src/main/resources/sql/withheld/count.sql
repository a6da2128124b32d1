-- How many places are withheld now, over every date (a gauge).
SELECT count(*) AS withheld FROM withheld_places
