-- A week's stories about a pair or a country are never more than its articles (a
-- story is one or more articles), and never fewer than one.
select 'country_pair_weekly' as mart, week_start, country_a || '-' || country_b as key
from country_pair_weekly
where week_start in (select week_start from touched_weeks)
  and (stories > articles or stories < 1)
union all
select 'country_weekly', week_start, iso3
from country_weekly
where week_start in (select week_start from touched_weeks)
  and (stories > articles or stories < 1)
