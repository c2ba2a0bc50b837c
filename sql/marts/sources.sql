-- Every source articles came from: how many, in which languages, and the span of its
-- articles' dates. Rebuilt whole on each run (one row per source: small).
with articles as (
    select * from articles
),

final as (
    select
        coalesce(source, 'unknown') as source,
        count(*) as articles,
        count(published_at) as dated_articles,
        min(published_at)::date as first_seen,
        max(published_at)::date as last_seen,
        list_sort(list(distinct language) filter (where language is not null)) as languages
    from articles
    group by all
    order by articles desc, source
)

select * from final
