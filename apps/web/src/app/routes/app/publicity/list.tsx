import { NoticeList } from "@/features/publicity/components/notice-list.tsx";

export function PublicityListRoute() {
  return <NoticeList />;
}
