-- One evidence row per article and country.
select article_id, iso3, count(*) as copies
from article_countries
group by article_id, iso3
having count(*) > 1
