package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.orchestration.remediation.Run;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes the Markdown postmortem from the recorded incident and the author's conclusions. */
final class PostmortemWriter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** What the author adds to the record. */
  record Conclusions(
      String rootCause, String resolution, List<String> actionItems, List<String> lessons) {}

  private PostmortemWriter() {}

  static String write(
      Incident i,
      List<TimelineEvent> timeline,
      boolean timelineCut,
      List<Run> runs,
      Conclusions c,
      int version,
      OffsetDateTime at) {
    StringBuilder md = new StringBuilder();
    md.append("# Postmortem: ")
        .append(i.ref())
        .append(" ")
        .append(oneLine(i.title()))
        .append("\n\n");
    md.append("Version ").append(version).append(", written ").append(time(at)).append(" UTC.\n\n");
    md.append("## Summary\n\n")
        .append(i.summary() == null || i.summary().isBlank() ? i.title() : i.summary())
        .append("\n\n");
    md.append("## Impact\n\n");
    md.append("- Severity: ").append(i.severity()).append("\n");
    md.append("- Services: ")
        .append(i.services().isEmpty() ? "none recorded" : String.join(", ", i.services()))
        .append("\n");
    md.append("- Started: ").append(time(i.startedAt())).append(" UTC\n");
    if (i.resolvedAt() != null) {
      md.append("- Resolved: ")
          .append(time(i.resolvedAt()))
          .append(" UTC (")
          .append(duration(Duration.between(i.startedAt(), i.resolvedAt())))
          .append(")\n");
    } else {
      md.append("- Resolved: not yet (status ").append(i.status().wire()).append(")\n");
    }
    md.append("\n## Timeline\n\n");
    for (TimelineEvent e : timeline) {
      md.append("- ")
          .append(time(e.at()))
          .append(" · ")
          .append(e.kind())
          .append(" (")
          .append(e.source())
          .append(e.actor() == null ? "" : ", " + e.actor())
          .append("): ")
          .append(oneLine(e.text()))
          .append("\n");
    }
    if (timelineCut) {
      md.append("- … later events omitted; see get_incident for the full timeline\n");
    }
    md.append("\n## Root cause\n\n").append(c.rootCause()).append("\n\n");
    md.append("## Resolution\n\n").append(c.resolution()).append("\n\n");
    md.append("## Remediations\n\n");
    if (runs.isEmpty()) {
      md.append("None run through OpsMCP.\n");
    }
    for (Run r : runs) {
      md.append("- ")
          .append(r.runbook())
          .append(" (")
          .append(r.risk())
          .append(" risk, ")
          .append(r.kind())
          .append("): ")
          .append(r.status())
          .append(r.exitStatus() == null ? "" : ", exit status " + r.exitStatus())
          .append("; requested by ")
          .append(r.requestedBy())
          .append(
              r.approvalId() == null
                  ? ", no approval needed"
                  : r.approvedBy() == null
                      ? ", approval " + r.approvalId()
                      : ", decided by " + r.approvedBy() + " (approval " + r.approvalId() + ")")
          .append(r.createdAt() == null ? "" : ", " + time(r.createdAt()) + " UTC")
          .append("\n");
    }
    md.append("\n## Action items\n\n");
    list(md, c.actionItems(), "- [ ] ");
    md.append("\n## Lessons\n\n");
    list(md, c.lessons(), "- ");
    return md.toString();
  }

  private static void list(StringBuilder md, List<String> items, String bullet) {
    if (items == null || items.isEmpty()) {
      md.append("None recorded.\n");
      return;
    }
    for (String item : items) {
      md.append(bullet).append(oneLine(item)).append("\n");
    }
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String time(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
  }

  private static String duration(Duration d) {
    long m = d.toMinutes();
    return m < 60 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
  }
}
