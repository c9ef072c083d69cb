-- The local profile's operator (infra/stack up): mobile 13800000000, password looklook-operator. Its tokens carry
-- the admin scopes (catalog:write, scheduler:admin, ops:read). Never loaded outside the local profile: there, an
-- operator is a registered user given the role with `infra/stack grant-operator <mobile>`.
INSERT INTO user (mobile, password, nickname, operator)
VALUES ('13800000000', '{bcrypt}$2a$10$qgFGBiTZX6vUYBLQ0VKw7eAiuA5ttbs4KFjyRG7mx22TTdZBE8VP2', 'operator', 1);
INSERT INTO user_auth (user_id, auth_key, auth_type) VALUES (LAST_INSERT_ID(), '13800000000', 'system');
