ALTER TABLE "indicators" DROP CONSTRAINT "indicators_tree_id_node_id_nodes_tree_id_id_fk";
--> statement-breakpoint
ALTER TABLE "planning_entries" DROP CONSTRAINT "planning_entries_tree_id_node_id_nodes_tree_id_id_fk";
--> statement-breakpoint
ALTER TABLE "targets" DROP CONSTRAINT "targets_tree_id_node_id_indicator_position_indicators_tree_id_node_id_position_fk";
