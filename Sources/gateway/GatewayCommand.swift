import ArgumentParser

/// `gateway`: the literature delivery gateway's command line.
@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "The literature delivery gateway of the provincial library network.",
        discussion: """
            Serves full texts, images, audio and video of the shared local-documents store over signed links and \
            member-library keys. Every command reads --config (default Config/gateway.yaml) and the GATEWAY_* \
            environment variables, which win over the file.
            """,
        subcommands: [
            ServeCommand.self, IngestCommand.self, AssetsCommand.self, LinkCommand.self, KeysCommand.self,
            DemoCommand.self, TranscodeCommand.self, PolicyCommand.self, StatsCommand.self, DeliveriesCommand.self,
            TranscodeWorkerCommand.self, ClusterCommand.self, MigrateCommand.self,
        ]
    )
}
