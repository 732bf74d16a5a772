package io.streamkit.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * A plain Flink program, as a user's own SQL platform would be: it runs with nothing but a Flink
 * {@code lib/} on its class path (Flink's jars, the distribution's {@code lib/flink/} jars, the
 * Kafka SQL connector), runs each statement of a script and submits its INSERTs to a remote
 * cluster.
 *
 * <p>Arguments: the cluster's REST host, its port, the script.
 */
public final class LibOnlySqlProgram {
  private LibOnlySqlProgram() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set(DeploymentOptions.TARGET, "remote");
    conf.set(RestOptions.ADDRESS, args[0]);
    conf.set(RestOptions.PORT, Integer.parseInt(args[1]));
    TableEnvironment env =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
    for (String statement : Files.readString(Path.of(args[2])).split(";\\s*\\n")) {
      if (statement.isBlank()) {
        continue;
      }
      TableResult result = env.executeSql(statement);
      if (result.getJobClient().isPresent()) {
        result.await();
        System.out.println("finished job " + result.getJobClient().get().getJobID());
      }
    }
  }
}
