-- The countries of every dated article, with the article's week, month, language and
-- source, and whether the article is about the country (focus). One row per article
-- and country (article_countries' checked key), so the marts count rows.
with dated_articles as (
    select * from int_dated_articles
),

countries as (
    select
        article_id,
        iso3,
        focus
    from article_countries
),

final as (
    select
        dated_articles.article_id,
        dated_articles.article_key,
        dated_articles.story_key,
        dated_articles.shared_story,
        dated_articles.week_start,
        dated_articles.month_start,
        dated_articles.language,
        dated_articles.source,
        countries.iso3,
        countries.focus
    from dated_articles
    inner join countries on countries.article_id = dated_articles.article_id
)

select * from final
