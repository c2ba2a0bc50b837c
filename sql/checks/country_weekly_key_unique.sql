-- One row per week and country, with a positive count.
select week_start, iso3, count(*) as copies
from country_weekly
group by week_start, iso3
having count(*) > 1 or min(articles) < 1
