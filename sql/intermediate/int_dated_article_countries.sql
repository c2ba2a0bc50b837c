-- The countries of every dated article, with the article's ISO week: what the weekly
-- marts count. Undated articles are left out of every weekly table.
with dated_articles as (
    select
        article_id,
        week_start,
        iso_week
    from articles
    where week_start is not null
),

countries as (
    select
        article_id,
        iso3
    from article_countries
),

final as (
    select
        dated_articles.article_id,
        dated_articles.week_start,
        dated_articles.iso_week,
        countries.iso3
    from dated_articles
    inner join countries on countries.article_id = dated_articles.article_id
)

select * from final
