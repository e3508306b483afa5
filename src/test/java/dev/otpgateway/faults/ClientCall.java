package dev.otpgateway.faults;

/**
 * One answer a client got, as the checker reads it.
 *
 * @param at when the answer came (epoch ms)
 * @param phase the fault phase the harness was in
 * @param op {@code start}, {@code check} or {@code cancel}
 * @param member the member asked
 * @param idempotencyKey a start's key (retries of one start share it)
 * @param number the destination
 * @param verification the verification's id: asked about, or answered by a start
 * @param status the HTTP status; 0 when no answer came (refused connection, time-out)
 * @param outcome a check's {@code status}, or a problem's type, or the error when none came
 */
record ClientCall(
    long at,
    String phase,
    String op,
    int member,
    String idempotencyKey,
    String number,
    String verification,
    int status,
    String outcome) {

  boolean accepted() {
    return op.equals("start") && (status == 201 || status == 202);
  }

  boolean approved() {
    return op.equals("check") && status == 200;
  }
}
