package io.marsdcs.mars;

/** What a received mail turned out to be. Only {@link Parsed} leads to cleanups. */
public sealed interface ParseOutcome {

    /** A MARS notification with at least one incident. */
    record Parsed(Notification notification) implements ParseOutcome {}

    /** An ordinary mail, or one whose attachments are not MARS XML: ignored, counted, kept. */
    record NotMars(String reason) implements ParseOutcome {}

    /** A MARS attachment we could not read (broken gzip, hostile XML, over a limit): set aside. */
    record Malformed(String reason) implements ParseOutcome {}
}
