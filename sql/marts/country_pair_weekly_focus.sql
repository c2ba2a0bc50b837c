-- Articles about both countries of a pair (each is a focus country of the article:
-- in the title, the dateline, the lede, or most mentioned), per ISO week. Leaves out
-- articles that only name a country in passing.
with article_pairs as (
    select * from int_article_pairs
    where both_focus
),

weekly_counts as (
    select
        week_start,
        country_a,
        country_b,
        count(*) as articles
    from article_pairs
    group by week_start, country_a, country_b
),

final as (
    select
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        country_a,
        country_b,
        articles
    from weekly_counts
)

select * from final
