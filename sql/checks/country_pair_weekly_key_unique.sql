-- One row per week and pair, with a positive count.
select week_start, country_a, country_b, count(*) as copies
from country_pair_weekly
group by week_start, country_a, country_b
having count(*) > 1 or min(articles) < 1
