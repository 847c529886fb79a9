/**
 * Tickets: blob and document tickets in the reference string form, their URL forms and terminal QR codes.
 * Start at {@link io.objsync.ticket.Ticket#parse(String)}.
 */
package io.objsync.ticket;
