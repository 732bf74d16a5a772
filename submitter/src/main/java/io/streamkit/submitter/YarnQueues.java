package io.streamkit.submitter;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.yarn.Utils;
import org.apache.flink.yarn.configuration.YarnConfigOptions;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;

/** The YARN queue a Flink application asks for, checked before anything is uploaded. */
final class YarnQueues {
  private YarnQueues() {}

  /**
   * A queue YARN does not have refuses the run here, in one line: Flink only logs a warning and
   * YARN's refusal comes back as a long deployment failure.
   */
  static void check(Configuration conf) throws Exception {
    String queue = conf.get(YarnConfigOptions.APPLICATION_QUEUE);
    if (queue == null) {
      return;
    }
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(Utils.getYarnAndHadoopConfiguration(conf));
      yarn.start();
      List<String> queues = new ArrayList<>();
      for (QueueInfo info : yarn.getAllQueues()) {
        queues.add(info.getQueueName());
      }
      String leaf = queue.substring(queue.lastIndexOf('.') + 1);
      if (!queues.contains(queue) && !queues.contains(leaf)) {
        throw new UsageException(
            "YARN has no queue '"
                + queue
                + "' (queues: "
                + String.join(", ", queues)
                + "). Check "
                + YarnConfigOptions.APPLICATION_QUEUE.key()
                + ".");
      }
    }
  }
}
