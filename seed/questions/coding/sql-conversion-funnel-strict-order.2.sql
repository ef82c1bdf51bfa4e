-- The naive funnel: "did the user ever do each step?" ignores order and overstates conversion.
SELECT COUNT(DISTINCT CASE WHEN event_type = 'view'        THEN user_id END) AS viewed,
       COUNT(DISTINCT CASE WHEN event_type = 'add_to_cart' THEN user_id END) AS carted,
       COUNT(DISTINCT CASE WHEN event_type = 'purchase'    THEN user_id END) AS purchased
FROM events;
