-- One evidence row per article and country. Earlier runs' rows cannot collide with
-- this run's: each run adds evidence only for the articles it loads.
select article_id, iso3, count(*) as copies
from article_countries
where run_id = getvariable('run_id')
group by article_id, iso3
having count(*) > 1
