package dev.opsmcp.common.approval;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for approvals. A decision is written once: the update only matches a pending row. */
@RegisterConstructorMapper(Approval.class)
public interface ApprovalStore {
  @SqlUpdate(
      """
      INSERT INTO approval
        (id, tenant_id, session_id, incident_id, action, details, risk, status, created_at, expires_at)
      VALUES (:id, :tenant, :sessionId, :incidentId, :action, :details, :risk, 'pending', :now, :expiresAt)
      """)
  void insert(
      String id,
      String tenant,
      String sessionId,
      Long incidentId,
      String action,
      String details,
      String risk,
      OffsetDateTime now,
      OffsetDateTime expiresAt);

  @SqlQuery("SELECT * FROM approval WHERE tenant_id = :tenant AND id = :id")
  Optional<Approval> find(String tenant, String id);

  @SqlUpdate(
      """
      UPDATE approval SET status = 'expired'
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at <= :now
      """)
  int expireIfDue(String tenant, String id, OffsetDateTime now);

  @SqlUpdate(
      """
      UPDATE approval
      SET status = :status, decision_comment = :comment, decided_by = :author, decided_at = :now
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at > :now
      """)
  int decide(
      String tenant, String id, String status, String comment, String author, OffsetDateTime now);
}
