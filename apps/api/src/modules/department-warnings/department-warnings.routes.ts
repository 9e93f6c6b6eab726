import multipart from "@fastify/multipart";
import {
  ZDepartmentJob, ZDepartmentJobList, ZDepartmentJobParams, ZDepartmentMapping, ZDepartmentMappingView, ZDepartmentParams, ZDepartmentPreview,
  ZHouseholdDepartmentWarnings, type DepartmentMapping,
} from "@fanpin/domain/detection/department-lists";
import { storableFileName } from "@fanpin/domain/text";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { attachment, XLSX_CONTENT_TYPE } from "../../lib/xlsx.ts";
import { kickImports } from "../imports/import-runner.ts";
import { MAX_IMPORT_BYTES } from "../imports/imports.service.ts";
import * as service from "./department-warnings.service.ts";

const FILE_NAME_MAX = 255;
const ZHouseholdParams = z.object({ id: z.uuid({ error: "家庭编号格式不正确" }) });

/** The multipart form of an upload: the file (field `file`) and, for an upload to match, the mapping as JSON (field `mapping`). */
async function readForm(req: FastifyRequest): Promise<{ upload: { fileName: string; file: Buffer }; mapping: string | null }> {
  if (!req.isMultipart()) throw new AppError("IMPORT_FILE_MISSING");
  let upload: { fileName: string; file: Buffer } | null = null;
  let mapping: string | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === "file" && part.fieldname === "file" && !upload) upload = { fileName: storableFileName(part.filename, FILE_NAME_MAX, "名单文件"), file: await part.toBuffer() };
      else if (part.type === "file") await part.toBuffer(); // drain
      else if (part.fieldname === "mapping") mapping = String(part.value);
    }
  } catch (error) {
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("IMPORT_FILE_TOO_LARGE");
    throw new AppError("IMPORT_FILE_MISSING", { message: "上传的表单格式不正确，请重新选择文件上传" });
  }
  if (!upload || upload.file.length === 0) throw new AppError("IMPORT_FILE_MISSING");
  return { upload, mapping };
}

function parseMapping(text: string | null): DepartmentMapping {
  if (text === null) throw new AppError("VALIDATION_FAILED", { message: "请指定名单各列的对应（表单字段 mapping）", details: [{ path: "mapping", message: "请指定列对应" }] });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_FAILED", { message: "列对应的格式不正确", details: [{ path: "mapping", message: "列对应的格式不正确" }] });
  }
  const parsed = ZDepartmentMapping.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ["mapping", ...i.path].join("."), message: i.message }));
    throw new AppError("VALIDATION_FAILED", { message: details[0]?.message ?? "列对应的内容有误", details });
  }
  return parsed.data;
}

/** 部门筛查预警: uploads of departments' lists, their column mappings and reports. */
export const departmentWarningsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 64 * 1024 } });

    app.get("/api/department-warnings/mappings/:department", {
      config: { permission: "warning.upload" },
      schema: { tags: ["detection"], summary: "本辖区保存的该部门名单列对应", params: ZDepartmentParams, response: { 200: ZDepartmentMappingView } },
    }, async (req) => service.getMapping(deps, req.actor!, req.params.department));

    app.put("/api/department-warnings/mappings/:department", {
      config: { permission: "warning.upload" },
      schema: { tags: ["detection"], summary: "保存该部门名单的列对应", params: ZDepartmentParams, body: ZDepartmentMapping, response: { 200: ZDepartmentMappingView } },
    }, async (req) => service.saveMapping(deps, req.actor!, req.params.department, req.body));

    app.post("/api/department-warnings/preview", {
      config: { permission: "warning.upload" },
      schema: {
        tags: ["detection"], summary: "预览名单（multipart 字段 file）：只读表头和前几行，用于选择列对应；不导入任何数据",
        querystring: ZDepartmentParams, response: { 200: ZDepartmentPreview },
      },
    }, async (req) => {
      const { upload } = await readForm(req);
      return service.previewFile(deps, req.actor!, req.query.department, upload);
    });

    app.post("/api/department-warnings/jobs", {
      config: { permission: "warning.upload" },
      schema: {
        tags: ["detection"], summary: "上传部门名单（multipart 字段 file 和 mapping(JSON)）→ 后台匹配任务",
        querystring: ZDepartmentParams, response: { 202: ZDepartmentJob },
      },
    }, async (req, reply) => {
      const { upload, mapping } = await readForm(req);
      const job = await service.queueUpload(deps, req.actor!, req.query.department, parseMapping(mapping), upload);
      kickImports(deps, req.log);
      return reply.status(202).send(job);
    });

    app.get("/api/department-warnings/jobs", {
      config: { permission: "warning.upload" },
      schema: { tags: ["detection"], summary: "我最近上传的部门名单", response: { 200: ZDepartmentJobList } },
    }, async (req) => service.listJobs(deps, req.actor!));

    app.get("/api/department-warnings/jobs/:id", {
      config: { permission: "warning.upload" },
      schema: { tags: ["detection"], summary: "名单匹配任务的进度和计数", params: ZDepartmentJobParams, response: { 200: ZDepartmentJob } },
    }, async (req) => service.getJob(deps, req.actor!, req.params.id));

    app.get("/api/department-warnings/jobs/:id/report.xlsx", {
      config: { permission: "warning.upload" },
      schema: { tags: ["detection"], summary: "下载未匹配、辖区外和无法读取的行（含原因列）", params: ZDepartmentJobParams },
    }, async (req, reply) => {
      const file = await service.getReport(deps, req.actor!, req.params.id);
      return reply.header("content-type", XLSX_CONTENT_TYPE).header("content-disposition", attachment(file.fileName)).send(file.content);
    });

    app.get("/api/households/:id/department-warnings", {
      config: { permission: "household.read" },
      schema: { tags: ["households"], summary: "该户的部门预警（部门、类别、金额、日期）", params: ZHouseholdParams, response: { 200: ZHouseholdDepartmentWarnings } },
    }, async (req) => service.listForHousehold(deps, req.actor!, req.params.id));
  };
