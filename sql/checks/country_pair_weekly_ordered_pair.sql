-- Each pair is written once, in alphabetical order.
select week_start, country_a, country_b
from country_pair_weekly
where country_a >= country_b
   or country_a is null
   or country_b is null
