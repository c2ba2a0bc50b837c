-- Every dated article with its ISO week, its calendar month, its language and its
-- source: what the weekly and monthly marts count. Undated articles are left out of
-- every dated table. article_key and story_key are the two 128-bit ids as numbers
-- (ids are 32 hex characters, checked by articles_ids_well_formed): the marts join
-- and count distinct stories on them, several times cheaper than on text for tens
-- of millions of pairs. shared_story: the article's story has other articles in its
-- week (stories are counted distinct only among those; every other article is a
-- story of its own there).
with articles as (
    select * from articles
),

final as (
    select
        article_id,
        story_id,
        try_cast('0x' || article_id as uhugeint) as article_key,
        try_cast('0x' || story_id as uhugeint) as story_key,
        count(*) over (partition by story_id, week_start) > 1 as shared_story,
        week_start,
        iso_week,
        date_trunc('month', published_at)::date as month_start,
        coalesce(language, 'und') as language,
        coalesce(source, 'unknown') as source
    from articles
    where week_start is not null
)

select * from final
