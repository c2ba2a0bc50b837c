-- A small number for each language of the dated articles in scope (see
-- int_country_codes: the pairs carry numbers, the marts turn them back).
with languages as (
    select distinct language from int_dated_articles
),

final as (
    select
        language,
        (row_number() over (order by language))::usmallint as language_code
    from languages
)

select * from final
