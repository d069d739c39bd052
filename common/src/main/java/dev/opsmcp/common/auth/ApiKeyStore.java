package dev.opsmcp.common.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for API keys. Lookups by hash only: the key itself is never stored. */
@RegisterConstructorMapper(ApiKey.class)
interface ApiKeyStore {
  @SqlUpdate(
      """
      INSERT INTO api_key (id, tenant_id, name, key_hash, key_prefix, scopes, created_at)
      VALUES (:id, :tenant, :name, :hash, :prefix, :scopes, :now)
      """)
  void insert(
      String id,
      String tenant,
      String name,
      String hash,
      String prefix,
      String scopes,
      OffsetDateTime now);

  @SqlQuery(
      """
      SELECT id, tenant_id, name, key_prefix, scopes, created_at, last_used_at, revoked_at
      FROM api_key WHERE key_hash = :hash
      """)
  Optional<ApiKey> findByHash(String hash);

  @SqlQuery(
      """
      SELECT id, tenant_id, name, key_prefix, scopes, created_at, last_used_at, revoked_at
      FROM api_key WHERE tenant_id = :tenant ORDER BY created_at, id
      """)
  List<ApiKey> list(String tenant);

  @SqlUpdate("UPDATE api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
  int revoke(String id, OffsetDateTime now);

  @SqlQuery("SELECT id FROM api_key WHERE id IN (<ids>) AND revoked_at IS NULL")
  List<String> live(@BindList("ids") List<String> ids);

  @SqlQuery("SELECT count(*) FROM api_key WHERE id = :id")
  int exists(String id);

  @SqlUpdate("UPDATE api_key SET last_used_at = :now WHERE id = :id")
  void touch(String id, OffsetDateTime now);
}
