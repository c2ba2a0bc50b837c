-- Articles that mention both countries of a pair, per calendar month of publication.
with article_pairs as (
    select * from int_article_pairs
),

monthly_counts as (
    select
        month_start,
        strftime(month_start, '%Y-%m') as month,
        country_a,
        country_b,
        count(*) as articles
    from article_pairs
    group by month_start, country_a, country_b
),

final as (
    select
        month_start,
        month,
        country_a,
        country_b,
        articles
    from monthly_counts
)

select * from final
