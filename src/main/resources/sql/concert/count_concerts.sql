SELECT count(*) AS n FROM concerts
