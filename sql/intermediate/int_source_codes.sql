-- A small number for each source of the dated articles in scope (see
-- int_country_codes: the pairs carry numbers, the marts turn them back).
with sources as (
    select distinct source from int_dated_articles
),

final as (
    select
        source,
        (row_number() over (order by source))::uinteger as source_code
    from sources
)

select * from final
