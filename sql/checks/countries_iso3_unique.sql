-- The countries dimension has one row per alpha-3 code, with a name, and names every
-- code the articles use.
with dimension as (
    select iso3, name from countries
),

duplicated as (
    select iso3, 'duplicated or unnamed' as problem
    from dimension
    group by iso3
    having count(*) > 1 or bool_or(name is null)
),

unknown as (
    select distinct iso3, 'used by articles, not in countries' as problem
    from article_countries
    where run_id = getvariable('run_id')
      and iso3 not in (select iso3 from dimension)
)

select * from duplicated
union all
select * from unknown
