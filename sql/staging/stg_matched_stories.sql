-- The stories of the loaded articles that this run's articles match.
with matched as (
    select distinct other_id
    from stg_story_matches
),

final as (
    select
        matched.other_id,
        articles.story_id
    from matched
    inner join articles on articles.article_id = matched.other_id
)

select * from final
