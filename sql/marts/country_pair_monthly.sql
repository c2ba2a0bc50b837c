-- Articles that mention both countries of a pair, per calendar month of publication.
with article_pairs as (
    select * from int_article_pairs
),

monthly_counts as (
    select
        month_start,
        country_a_code,
        country_b_code,
        count(*) as articles
    from article_pairs
    group by month_start, country_a_code, country_b_code
),

final as (
    select
        monthly_counts.month_start,
        strftime(monthly_counts.month_start, '%Y-%m') as month,
        int_country_pair_codes.country_a,
        int_country_pair_codes.country_b,
        monthly_counts.articles
    from monthly_counts
    inner join int_country_pair_codes using (country_a_code, country_b_code)
)

select * from final
