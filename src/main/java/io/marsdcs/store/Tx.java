package io.marsdcs.store;

import io.marsdcs.policy.HostHistory;
import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.syslog.MarsReport;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's operations, run on one connection. Inside {@link Store#write} they are one
 * transaction; inside {@link Store#read} they see the last commit.
 */
public final class Tx {
    private final Connection c;

    Tx(Connection c) {
        this.c = c;
    }

    Connection connection() {
        return c;
    }

    // ---- messages

    /**
     * Records a mail. One already stored (the same Message-ID, or the same bytes) is recorded as
     * {@code duplicate} and never dispatched: POP3 fetches again after a crash before DELE, and
     * one notification may come through both SMTP and POP3.
     */
    public long insertMessage(ReceivedMail mail, Instant now) throws SQLException {
        String digest = digest(mail.body());
        Optional<String> original = original(mail.messageId(), digest);
        long id = insert("""
                INSERT INTO message(received_at, via, peer, envelope_from, recipients, message_id, digest, body, state, note)
                VALUES (?,?,?,?,?,?,?,?,?,?)""", now.toEpochMilli(), mail.via(), mail.peer(), mail.envelopeFrom(),
                String.join(",", mail.recipients()), mail.messageId(), digest, mail.body(),
                original.isPresent() ? "duplicate" : "received", original.orElse(""));
        if (original.isPresent()) update("UPDATE message SET finished_at=? WHERE id=?", now.toEpochMilli(), id);
        return id;
    }

    /** Why a mail is a duplicate ("same Message-ID as message 7"), or empty when it is new. */
    private Optional<String> original(String messageId, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, message_id = ? AND ? <> '' FROM message
                WHERE (message_id = ? AND ? <> '') OR digest = ? ORDER BY id LIMIT 1""")) {
            bind(ps, messageId, messageId, messageId, messageId, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of((rs.getBoolean(2) ? "same Message-ID" : "same content") + " as message " + rs.getLong(1));
            }
        }
    }

    /** The state of a stored message and its note: for the intakes' logs and for tests. */
    public Optional<String[]> messageState(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, note FROM message WHERE id=?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
            }
        }
    }

    public List<StoredMessage> messagesToDispatch(int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, received_at, via, peer, message_id, body FROM message WHERE state='received' ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            List<StoredMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredMessage(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBytes(6)));
                }
            }
            return out;
        }
    }

    /** Moves a message to its final state; false when it was not waiting (already finished by someone else). */
    public boolean finishMessage(long id, String state, String note, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE message SET state=?, note=?, finished_at=? WHERE id=? AND state='received'")) {
            ps.setString(1, state);
            ps.setString(2, note);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** What is waiting where: mails to dispatch, requests to send, requests awaiting results, reports to send. */
    public Map<String, Long> queueDepths() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM message WHERE state='received'),"
                + " (SELECT count(*) FROM request WHERE state='pending'), (SELECT count(*) FROM request WHERE state='sent'),"
                + " (SELECT count(*) FROM report WHERE sent_at IS NULL)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            out.put("mails_waiting", rs.getLong(1));
            out.put("requests_pending", rs.getLong(2));
            out.put("requests_in_flight", rs.getLong(3));
            out.put("reports_unsent", rs.getLong(4));
        }
        return out;
    }

    /** When the newest mail was received, if any: the silence watch survives restarts. */
    public Optional<Instant> lastMessageReceived() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(received_at) FROM message"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? instant(rs, 1) : Optional.empty();
        }
    }

    public Map<String, Long> messageCounts() throws SQLException {
        return counts("SELECT state, count(*) FROM message GROUP BY state");
    }

    // ---- decisions and hosts

    public void insertDecision(long message, String incident, String host, String verdict, String detail,
                               String requestId, Instant now) throws SQLException {
        update("INSERT INTO decision(message, incident, host, verdict, detail, request_id, decided_at) VALUES (?,?,?,?,?,?,?)",
                message, incident, host, verdict, detail, requestId, now.toEpochMilli());
    }

    /** Every decision's verdict, oldest first: for status and tests. */
    public List<String> decisionVerdicts() throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT verdict FROM decision ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    public HostHistory hostHistory(String host) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_damage_free, last_manual_notice, in_flight FROM host WHERE host=?")) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return HostHistory.NONE;
                return new HostHistory(instant(rs, 1), instant(rs, 2), Optional.ofNullable(rs.getString(3)));
            }
        }
    }

    public void setDamageFree(String host, Instant at) throws SQLException {
        upsertHost(host, "last_damage_free", at.toEpochMilli());
    }

    public void setManualNotice(String host, Instant at) throws SQLException {
        upsertHost(host, "last_manual_notice", at.toEpochMilli());
    }

    /** Clears the in-flight mark, but only if it is still this request's. */
    public void clearInFlight(String host, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE host SET in_flight=NULL WHERE host=? AND in_flight=?")) {
            ps.setString(1, host);
            ps.setString(2, requestId);
            ps.executeUpdate();
        }
    }

    private void upsertHost(String host, String column, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO host(host, " + column + ") VALUES (?, ?) ON CONFLICT(host) DO UPDATE SET " + column + "=excluded." + column)) {
            ps.setString(1, host);
            ps.setObject(2, value);
            ps.executeUpdate();
        }
    }

    // ---- requests

    /** Records a new pending request and marks the host in flight; returns the request id. */
    public String insertRequest(NewRequest r, Instant now) throws SQLException {
        long seq = insert("""
                INSERT INTO request(message, incident, rule, event_time, host, target, server, state, next_attempt_at, created_at)
                VALUES (?,?,?,?,?,?,?, 'pending', ?, ?)""", r.message(), r.incident(), r.rule(), r.eventTime(), r.host(),
                r.target(), r.server(), now.toEpochMilli(), now.toEpochMilli());
        String requestId = r.incident() + "-" + seq;
        update("UPDATE request SET request_id=? WHERE seq=?", requestId, seq);
        upsertHost(r.host(), "in_flight", requestId);
        return requestId;
    }

    /** The sequence number of the last request created, 0 before the first: ids continue from it. */
    public long lastRequestSequence() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM request"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public List<RequestRow> dueRequests(Instant now, int limit) throws SQLException {
        return requests("WHERE state='pending' AND next_attempt_at<=? ORDER BY next_attempt_at, seq LIMIT ?",
                now.toEpochMilli(), limit);
    }

    /** Sent requests whose result has not come by {@code sentBefore}. */
    public List<RequestRow> overdueRequests(Instant sentBefore, int limit) throws SQLException {
        return requests("WHERE state='sent' AND sent_at<? ORDER BY sent_at LIMIT ?", sentBefore.toEpochMilli(), limit);
    }

    public Optional<RequestRow> request(String requestId) throws SQLException {
        List<RequestRow> rows = requests("WHERE request_id=? LIMIT ?", requestId, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The earliest time a pending request becomes due, so the dispatcher can sleep until then. */
    public Optional<Instant> nextDueRequest() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(next_attempt_at) FROM request WHERE state='pending'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? instant(rs, 1) : Optional.empty();
        }
    }

    public void markSent(String requestId, Instant now) throws SQLException {
        update("UPDATE request SET state='sent', sent_at=?, attempts=attempts+1, last_error='' WHERE request_id=? AND state='pending'",
                now.toEpochMilli(), requestId);
    }

    public void markRetry(String requestId, String error, Instant nextAttempt) throws SQLException {
        update("UPDATE request SET attempts=attempts+1, last_error=?, next_attempt_at=? WHERE request_id=? AND state='pending'",
                error, nextAttempt.toEpochMilli(), requestId);
    }

    /** Ends a request (done, failed, unconfirmed) and frees its host for the next cleanup. */
    public boolean finishRequest(String requestId, String state, Integer resultCode, String error, Instant now) throws SQLException {
        Optional<RequestRow> row = request(requestId);
        if (row.isEmpty()) return false;
        int n = update("UPDATE request SET state=?, result_code=?, last_error=?, finished_at=? WHERE request_id=? AND state IN ('pending','sent','unconfirmed')",
                state, resultCode, error, now.toEpochMilli(), requestId);
        clearInFlight(row.get().host(), requestId);
        return n == 1;
    }

    public Map<String, Long> requestCounts() throws SQLException {
        return counts("SELECT state, count(*) FROM request GROUP BY state");
    }

    /** When each request of the last while was created, per server (observed ones do not count: nothing was sent). */
    public Map<String, List<Instant>> requestsCreatedSince(Instant since) throws SQLException {
        Map<String, List<Instant>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT server, created_at FROM request WHERE created_at > ? AND state <> 'observed'")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(Instant.ofEpochMilli(rs.getLong(2)));
            }
        }
        return out;
    }

    /** Requests sent and awaiting their result, per server. */
    public Map<String, Long> inFlightByServer() throws SQLException {
        return counts("SELECT server, count(*) FROM request WHERE state='sent' GROUP BY server");
    }

    // ---- operator commands (`marsdcs resume`), carried by the store to the running appliance

    public void insertCommand(String command, String scope, Instant now) throws SQLException {
        update("INSERT INTO operator_command(command, scope, issued_at) VALUES (?,?,?)", command, scope, now.toEpochMilli());
    }

    /** Commands not yet carried out: id to {command, scope}. */
    public Map<Long, String[]> pendingCommands() throws SQLException {
        Map<Long, String[]> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, command, scope FROM operator_command WHERE done_at IS NULL ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
        }
        return out;
    }

    public void markCommandDone(long id, Instant now) throws SQLException {
        update("UPDATE operator_command SET done_at=? WHERE id=?", now.toEpochMilli(), id);
    }

    // ---- results

    /** Records a result; false when this request id already has one (a DCS server repeating itself). */
    public boolean insertResultIfNew(String requestId, String peer, int code, String host, String time,
                                     String threats, Instant now) throws SQLException {
        return update("INSERT OR IGNORE INTO result(request_id, peer, code, host, time, threats, received_at) VALUES (?,?,?,?,?,?,?)",
                requestId, peer, code, host, time, threats, now.toEpochMilli()) == 1;
    }

    // ---- the syslog outbox

    public long insertReport(MarsReport r, Instant now) throws SQLException {
        return insert("INSERT INTO report(event, host, event_time, extras, created_at) VALUES (?,?,?,?,?)",
                r.event().name(), r.hostAddress(), r.eventTime().toEpochMilli(), encode(r.extras()), now.toEpochMilli());
    }

    public List<PendingReport> unsentReports(int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, event, host, event_time, extras FROM report WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            List<PendingReport> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingReport(rs.getLong(1), new MarsReport(MarsEvent.valueOf(rs.getString(2)),
                            rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), decode(rs.getString(5)))));
                }
            }
            return out;
        }
    }

    public void markReportSent(long id, Instant now) throws SQLException {
        update("UPDATE report SET sent_at=? WHERE id=?", now.toEpochMilli(), id);
    }

    // ---- registrations with DCS servers

    public void saveRegistration(String server, String registrationId, String callback, Instant now) throws SQLException {
        update("INSERT INTO registration(server, registration_id, callback, registered_at) VALUES (?,?,?,?) "
                + "ON CONFLICT(server) DO UPDATE SET registration_id=excluded.registration_id, callback=excluded.callback, "
                + "registered_at=excluded.registered_at", server, registrationId, callback, now.toEpochMilli());
    }

    public void deleteRegistration(String server) throws SQLException {
        update("DELETE FROM registration WHERE server=?", server);
    }

    public Map<String, Registration> registrations() throws SQLException {
        Map<String, Registration> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT server, registration_id, callback FROM registration ORDER BY server");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), new Registration(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return out;
    }

    // ---- plumbing

    private List<RequestRow> requests(String where, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT request_id, message, incident, rule, event_time, host, target, server, state, attempts, created_at, sent_at
                FROM request""" + " " + where)) {
            bind(ps, args);
            List<RequestRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RequestRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getInt(10), Instant.ofEpochMilli(rs.getLong(11)), instant(rs, 12)));
                }
            }
            return out;
        }
    }

    /** Runs an INSERT and returns the new row's id. */
    private long insert(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, PreparedStatement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) ps.setNull(i + 1, Types.NULL);
            else ps.setObject(i + 1, args[i]);
        }
    }

    private Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }

    private static Optional<Instant> instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String encode(Map<String, String> extras) {
        StringBuilder sb = new StringBuilder();
        extras.forEach((k, v) -> {
            if (sb.length() > 0) sb.append('&');
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static Map<String, String> decode(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
