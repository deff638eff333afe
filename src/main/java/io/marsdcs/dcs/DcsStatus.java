package io.marsdcs.dcs;

import io.marsdcs.syslog.MarsEvent;
import java.util.Arrays;
import java.util.Optional;

/** A DCS cleanup result code (WIRE.md section 2) and the MARS event it becomes. */
public enum DcsStatus {
    CLEANUP_SUCCESS(0, MarsEvent.DCS_Cleanup_Success),
    NO_INFECTION_FOUND(1, MarsEvent.DCS_No_Infection_Found),
    CLEANUP_FAILED(2, MarsEvent.DCS_Cleanup_Fail),
    LOGIN_FAILURE(3, MarsEvent.DCS_Login_Failure),
    HOST_UNREACHABLE(4, MarsEvent.DCS_Cleanup_Fail),
    UNKNOWN_ERROR(9, MarsEvent.DCS_Cleanup_Fail);

    private final int code;
    private final MarsEvent event;

    DcsStatus(int code, MarsEvent event) {
        this.code = code;
        this.event = event;
    }

    public int code() { return code; }
    public MarsEvent event() { return event; }

    /** Cleaned or found clean: the host starts its min_damage_free_time window. */
    public boolean leavesHostDamageFree() {
        return this == CLEANUP_SUCCESS || this == NO_INFECTION_FOUND;
    }

    public static Optional<DcsStatus> ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
