-- All dated articles per ISO week, and those that name at least one country: the
-- denominators for shares (a pair's share of the week's articles).
with dated_articles as (
    select * from int_dated_articles
),

with_countries as (
    select distinct article_id
    from int_dated_article_countries
),

weekly_counts as (
    select
        dated_articles.week_start,
        dated_articles.iso_week,
        count(*) as articles,
        count(with_countries.article_id) as articles_with_countries
    from dated_articles
    left join with_countries using (article_id)
    group by dated_articles.week_start, dated_articles.iso_week
),

final as (
    select
        week_start,
        iso_week,
        articles,
        articles_with_countries
    from weekly_counts
    order by week_start
)

select * from final
