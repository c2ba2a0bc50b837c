-- Country evidence always belongs to a loaded article.
select article_countries.article_id, article_countries.iso3
from article_countries
left join articles on articles.article_id = article_countries.article_id
where articles.article_id is null
