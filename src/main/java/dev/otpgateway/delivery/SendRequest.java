package dev.otpgateway.delivery;

import java.time.Duration;
import java.util.List;

/**
 * A message to get through one of the candidates, in order.
 *
 * @param verificationId with the attempt number, forms each try's reference
 * @param firstAttemptNumber the number the first try takes
 * @param body the text (it holds the code: never log it)
 * @param segments how many SMS segments the body takes (an RCS message counts as one)
 */
public record SendRequest(
    String verificationId,
    int firstAttemptNumber,
    String to,
    String region,
    String body,
    int segments,
    Duration validity,
    List<Candidate> candidates) {

  @Override
  public String toString() {
    return "SendRequest[" + verificationId + ", candidates=" + candidates.size() + "]";
  }
}
